"""The register's Git history: the only package that talks to Git."""
