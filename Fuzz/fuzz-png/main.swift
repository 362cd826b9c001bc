import FuzzHarness

FuzzDriver.main(.png)
