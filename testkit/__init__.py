"""Helpers shared by the tests and the benchmarks: the extraction corpus, sample sites that change between crawls,
throwaway databases and row seeders. Not shipped in the wheel; nothing in the service imports it."""
