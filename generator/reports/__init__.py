"""Reports built from a checked register: monthly compilation, reminders, exports, reconcile."""
