from browser_fixtures import *  # noqa: F403 - the fixtures and the collection hook for this folder
