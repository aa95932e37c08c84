"""Logistics data: travel, vehicles and trips, hotels and rooms, needs, interpreters, passports, seating."""
