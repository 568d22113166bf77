CREATE TABLE `local_actor_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`local_actor_id` integer NOT NULL,
	`contact_id` integer,
	`name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`local_actor_id`) REFERENCES `local_actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `local_actor_contacts_actor` ON `local_actor_contacts` (`local_actor_id`);--> statement-breakpoint
CREATE INDEX `local_actor_contacts_contact` ON `local_actor_contacts` (`contact_id`);--> statement-breakpoint
CREATE TABLE `local_actor_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`local_actor_id` integer NOT NULL,
	`partnership_id` integer,
	`delegation_id` integer,
	`role` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`local_actor_id`) REFERENCES `local_actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `local_actor_links_actor` ON `local_actor_links` (`local_actor_id`);--> statement-breakpoint
CREATE INDEX `local_actor_links_partnership` ON `local_actor_links` (`partnership_id`);--> statement-breakpoint
CREATE INDEX `local_actor_links_delegation` ON `local_actor_links` (`delegation_id`);--> statement-breakpoint
CREATE TABLE `local_actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`sector` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `local_actors_name` ON `local_actors` (`name`);--> statement-breakpoint
CREATE INDEX `local_actors_kind_name` ON `local_actors` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `proposal_scores` (
	`proposal_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	`score` integer NOT NULL,
	PRIMARY KEY(`proposal_id`, `goal_id`),
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposal_scores_goal` ON `proposal_scores` (`goal_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partnership_id` integer NOT NULL,
	`state` text NOT NULL,
	`expected_investment_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`expected_hours` real,
	`local_actors` text DEFAULT '' NOT NULL,
	`risks` text DEFAULT '' NOT NULL,
	`expected_return` text DEFAULT '' NOT NULL,
	`council_text` text DEFAULT '' NOT NULL,
	`value_index` real,
	`investment_level` integer DEFAULT 0 NOT NULL,
	`recommendation` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`proposed_by_id` integer,
	`proposed_at` text NOT NULL,
	`decided_by_id` integer,
	`decided_at` text,
	`rejection_reason` text DEFAULT '' NOT NULL,
	`council_decision_on` text,
	`council_reference` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposals_partnership` ON `proposals` (`partnership_id`,`state`);--> statement-breakpoint
CREATE INDEX `proposals_state_proposed` ON `proposals` (`state`,`proposed_at`);