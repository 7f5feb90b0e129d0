"""Errors of exports, light to import: the command line catches them without loading openpyxl."""


class ExportError(Exception):
    """A workbook or report could not be written; the message says why and what to do."""
