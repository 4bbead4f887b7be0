"""Widgets of the quotes terminal UI: the paged quote table, the detail pane, the share chart."""
