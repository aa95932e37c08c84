"""Forms, spreadsheets and calendars of logistics: they parse and render, the domain decides."""
