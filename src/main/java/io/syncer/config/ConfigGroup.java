package io.syncer.config;

/**
 * A record that groups some keys of one config section (no section of its own in the file): its components are read
 * from, and written back to, the section of the record that holds it. Keeps a section's record short without changing
 * the file's shape.
 */
interface ConfigGroup {
}
