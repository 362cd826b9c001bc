import FuzzHarness

FuzzDriver.main(.archive)
