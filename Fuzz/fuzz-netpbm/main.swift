import FuzzHarness

FuzzDriver.main(.netpbm)
