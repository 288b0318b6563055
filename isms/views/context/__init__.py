"""Pages of the ISMS context area: issues and interested parties, the scope statement, NIS-2 classification."""
