"""Accounts: sign-up, sign-in and sign-out pages over django.contrib.auth."""
