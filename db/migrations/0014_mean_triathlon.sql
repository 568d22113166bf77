ALTER TABLE `ledger_entries` ADD `membership_id` integer REFERENCES network_memberships(id);--> statement-breakpoint
CREATE INDEX `ledger_delegation` ON `ledger_entries` (`delegation_id`);--> statement-breakpoint
CREATE INDEX `ledger_membership` ON `ledger_entries` (`membership_id`,`occurred_on`);