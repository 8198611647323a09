"""The front page, each role's to-do list and the main menu: the one place that reads every app."""
