-- A page of a branch walks up parent by parent (the primary key) and asks each page's parents for their children
-- (a message's versions); switching versions walks down the newest child: both need the children of a parent in
-- their order without reading the whole chat.
create index message_parent on message (chat_id, parent_id, seq);
