"""Intake: proposals coming in — typed at a meeting (fast entry) or imported from CSV/XLSX files."""
