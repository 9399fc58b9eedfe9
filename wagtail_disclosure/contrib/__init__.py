"""Optional add-ons of wagtail_disclosure: each is a Django app, installed on its own."""
