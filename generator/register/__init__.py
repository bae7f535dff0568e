"""The core: the register's data model, loading, validation rules and computed statuses.

No Git, no click, no rendering here; everything above imports from this package."""
