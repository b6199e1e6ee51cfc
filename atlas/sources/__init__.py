"""The Sources page: what each data file covers, how far its sources can be trusted, and the
publishers' own files (SIPRI's workbook and trade register) read into our formats."""
