/**
 * Registers every element under its mc-* tag. The only module with that side effect: import
 * the classes from the package root to register them under names of your own. Safe to import
 * twice (or alongside another copy of the package): a tag already defined is left alone.
 */
import { defineTags } from './registry.js';

defineTags();
