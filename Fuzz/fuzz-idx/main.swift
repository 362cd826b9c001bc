import FuzzHarness

FuzzDriver.main(.idx)
