create table if not exists order_cancellations (
  order_id varchar(64) primary key,
  reason varchar(255) not null,
  cancelled_at timestamp not null
);
