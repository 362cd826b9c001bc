import FuzzHarness

FuzzDriver.main(.decompress)
