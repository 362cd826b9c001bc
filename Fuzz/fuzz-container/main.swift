import FuzzHarness

FuzzDriver.main(.container)
