"""The admin web's routes, one module per noun."""
