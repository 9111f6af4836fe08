"""Report formats. One module per format; each renders a list of FileReports to a string."""
