"""The status report as files: PDF, Word and Excel, each written from `present.Document`."""
