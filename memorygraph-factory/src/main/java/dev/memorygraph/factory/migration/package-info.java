/**
 * Copying a whole graph from one backend to another through the public SPI, with verification
 * and a rollback that touches only what the migration wrote. Entry point: {@link
 * dev.memorygraph.factory.migration.GraphMigration}.
 */
package dev.memorygraph.factory.migration;
