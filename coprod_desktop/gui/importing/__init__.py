"""The import wizard: from Excel or CSV into the open audit (see `wizard`)."""
