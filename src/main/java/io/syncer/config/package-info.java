/**
 * The configuration: every key declared once ({@link io.syncer.config.ConfigKeys}), read from JSON or YAML with
 * the environment's SYNCER_* overrides, validated into records with one-line errors naming the key, and watched
 * for reloads.
 */
package io.syncer.config;
