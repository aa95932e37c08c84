"""Registrations: people, registrations, invitations, delegations, logistics, check-in.

The models arrive with the registrations issue; the app is installed now so that
its migrations and URLs have a home from the start.
"""
