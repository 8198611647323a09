"""The committee's outcome figures (KPIs): one pure calculation, shown as a dashboard, one-pager, JSON."""
