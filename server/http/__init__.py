"""The HTTP interface: the app factory, the API's routes and the web page."""
