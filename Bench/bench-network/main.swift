BenchNetwork.main()
