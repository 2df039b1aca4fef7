"""The events app's pages, one module by what they show."""
