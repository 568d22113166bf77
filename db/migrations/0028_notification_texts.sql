-- A notification in every language (notifications.texts), so it reads in the reader's language of the
-- day, not the one it was written in. Older rows keep their title and body in one language.
ALTER TABLE `notifications` ADD `texts` text;
