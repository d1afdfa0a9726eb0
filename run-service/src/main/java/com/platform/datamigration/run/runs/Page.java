package com.platform.datamigration.run.runs;

import java.util.List;

/** A page of a list: its items, which page, its size, and how many there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
