"""Screens of the quotes terminal UI: quotes, reader, speakers, review, help, pickers."""
