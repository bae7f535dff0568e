"""`python -m generator` runs the `nhiemvu` command."""

from generator.cli import run

if __name__ == "__main__":
    run()
