"""Logistics actions: every change to travel, rooms, transfers, interpreters, letters and seats."""
