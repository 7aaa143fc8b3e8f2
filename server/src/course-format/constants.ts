/**
 * The longest module Markdown the studio takes, in characters: over four times the longest module
 * of the course library (about 30,200 since each country's own version, issue 16), and short enough that rendering it stays well under a
 * second of CPU whatever it holds.
 */
export const maxModuleLength = 150_000
