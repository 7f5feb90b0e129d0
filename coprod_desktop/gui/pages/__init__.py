"""The pages of the audit window, one module each."""
