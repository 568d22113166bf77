ALTER TABLE `log_entry_partners` ADD `occurred_on` text;--> statement-breakpoint
CREATE INDEX `log_entry_partners_partner_occurred` ON `log_entry_partners` (`partner_id`,`occurred_on`);--> statement-breakpoint
ALTER TABLE `log_entry_partnerships` ADD `occurred_on` text;--> statement-breakpoint
CREATE INDEX `log_entry_partnerships_partnership_occurred` ON `log_entry_partnerships` (`partnership_id`,`occurred_on`);