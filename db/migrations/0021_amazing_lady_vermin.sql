CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`partner_id` integer,
	`partnership_id` integer,
	`review_id` integer,
	`delegation_id` integer,
	`contact_id` integer,
	`uploaded_by_id` integer,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_partner` ON `documents` (`partner_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `documents_partnership` ON `documents` (`partnership_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `documents_review` ON `documents` (`review_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `documents_delegation` ON `documents` (`delegation_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `documents_contact` ON `documents` (`contact_id`);--> statement-breakpoint
CREATE INDEX `documents_sha256` ON `documents` (`sha256`);