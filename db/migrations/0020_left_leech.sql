ALTER TABLE `log_entries` ADD `client_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `log_entries_client_key` ON `log_entries` (`client_key`);