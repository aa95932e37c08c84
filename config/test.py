"""Settings for the test suite: the local defaults, with background tasks run inline.

Tests of the task worker itself switch the backend back to the database queue.
"""

from .settings import *  # noqa: F403
from .settings import TASK_BACKENDS

TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}
# Fast hashing: the suite creates many users and does not test hashing strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Templates that only tests render (tests/templates/tests/...).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
