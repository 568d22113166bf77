ALTER TABLE `import_batches` ADD `status` text DEFAULT 'committed' NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `staging` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `error_count` integer DEFAULT 0 NOT NULL;