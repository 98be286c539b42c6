"""Helpers shared by the tests and the benchmarks: the extraction corpus, sample sites that change between crawls,
the syndication set (republished copies of stories), throwaway databases and row seeders. Not shipped in the wheel;
nothing in the service imports it."""
