"""Qt-free, I/O-free domain logic."""
