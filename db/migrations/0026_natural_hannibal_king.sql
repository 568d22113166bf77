ALTER TABLE `contacts` ADD `name_key` text;--> statement-breakpoint
CREATE INDEX `contacts_live_name_key` ON `contacts` (`name_key`) WHERE merged_into_id is null and erased_at is null;--> statement-breakpoint
ALTER TABLE `partners` ADD `name_key` text;--> statement-breakpoint
CREATE INDEX `partners_name_key` ON `partners` (`name_key`);--> statement-breakpoint
CREATE INDEX `partners_kind_name_key` ON `partners` (`kind`,`name_key`);--> statement-breakpoint
ALTER TABLE `partnerships` ADD `title_key` text;--> statement-breakpoint
CREATE INDEX `partnerships_title_key` ON `partnerships` (`title_key`);--> statement-breakpoint
CREATE INDEX `partnerships_status_title_key` ON `partnerships` (`status`,`title_key`);