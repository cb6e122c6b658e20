"""The start page, language choice and the site's information pages."""
