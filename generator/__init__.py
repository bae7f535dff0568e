"""nhiemvu: the register of tasks assigned by a Provincial People's Committee."""

__version__ = "0.1.0"
