from tests.support.browser import browser, chromium  # noqa: F401  (fixtures)
